"""Errors of a database driver reaching callers as ``StoreError``: one class decorator for every backend."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from newstrace.errors import StoreError

_T = TypeVar("_T")
Failure = Callable[[Any, str, Any], StoreError]  # (store, method name, driver error) -> the error callers see


def store_errors(driver_error: type[BaseException], failure: Failure) -> Callable[[type[_T]], type[_T]]:
    """A class decorator: every public method and property of the class (its own and inherited ones) raises
    ``failure(store, name, exc)`` where the driver raised ``driver_error``, also while iterating what a method
    returns or yields.  Applied to the class as a whole, so methods added later are covered too."""

    def guarded(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.isgeneratorfunction(method):
            @functools.wraps(method)
            def generator(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
                try:
                    yield from method(self, *args, **kwargs)
                except driver_error as exc:
                    raise failure(self, name, exc) from exc
            return generator

        @functools.wraps(method)
        def call(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                result = method(self, *args, **kwargs)
            except driver_error as exc:
                raise failure(self, name, exc) from exc
            return iterated(self, name, result) if isinstance(result, Iterator) else result
        return call

    def iterated(store: Any, name: str, rows: Iterator[Any]) -> Iterator[Any]:
        try:
            yield from rows
        except driver_error as exc:
            raise failure(store, name, exc) from exc

    def decorate(cls: type[_T]) -> type[_T]:
        for name in dir(cls):
            if name.startswith("_"):
                continue
            attribute = inspect.getattr_static(cls, name)
            if isinstance(attribute, property) and attribute.fget is not None:
                setattr(cls, name, property(guarded(name, attribute.fget), doc=attribute.__doc__))
            elif inspect.isfunction(attribute):
                setattr(cls, name, guarded(name, attribute))
        return cls

    return decorate
