"""Who said what: attributed statements with source, cue and content spans, from a spaCy parse.

Sentences holding a word that often heads an attribution in annotated news (PolNeAR train; see
``lexicon``) are parsed; in them, a verb is a cue when the cue model (``cuemodel``) finds it likely
from its parse: "said", "reported", "told", "warned", "accused", and "according to".  The source is
the verb's subject (or the object of "according to"), resolved to the last named speaker when it is a
pronoun; the content is the clause reported, or the quotation beside the cue (``quotes``), ended
where the content model (``contentmodel``) finds it most likely to end; the cue's own end, among the words
the rules put in it, is where the cue end model (``cueend``) finds it most likely.  The sentences are parsed by
``parse``.
"""

from __future__ import annotations

import re
from typing import Any

from newstrace.claims.contentmodel import best_end, clause_of
from newstrace.claims.cueend import refit_cues
from newstrace.claims.cuemodel import model as cue_model
from newstrace.claims.lexicon import cues
from newstrace.claims.parse import MAX_PARSED, is_noun, is_proper, is_verb, parse
from newstrace.claims.quotes import (
    CLOSES_AFTER,
    QUOTE_TOKENS,
    adjacent_quotation,
    after_colon,
    continued,
    inside_quotation,
    opened_earlier,
    quotation_in_sentence,
    quoted,
    through_open_quotation,
    whole_quotation,
)
from newstrace.claims.spans import Attribution, Span, doc_text, span_of

_SOURCE_DEPS = {"nsubj", "nsubjpass"}
_RAISING = frozenset({"seem", "appear"})

# "called for an inquiry", "warned against cuts", "spoke of a crisis", "pointed to the data"
_CONTENT_PREPOSITIONS = frozenset({"for", "on", "about", "against", "of", "to", "as"})
_WHEN = frozenset("monday tuesday wednesday thursday friday saturday sunday morning afternoon evening night "
                  "then later today yesterday tonight earlier".split())
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "him", "her", "them"}
RARE_CUE = 0.05
# Passive cues whose subject is the listener, not what was said: "Trump was asked what he thought" (PolNeAR
# train, two folds read: "asked" 20 statements after the cue to 6 from its subject; the other passives 314 to 56)
_LISTENED = frozenset({"ask", "tell", "assure", "direct"})


def lemma(token: Any) -> str | None:
    """The verb lemma of a token, when it is a form the cue lexicon knows."""
    return cues().lemma_of.get(token.lower_)


def find_attributions(text: str, docs: list[Any] | None = None, refit: bool = True,
                      learned_spans: bool = True) -> list[Attribution]:
    """Attributed statements in ``text``, with spans into it.  ``refit=False`` keeps each statement's end
    where the parse and the quotation marks put it, instead of where the content model (``contentmodel``)
    chooses; ``learned_spans=False`` keeps each cue's end where the rules put it, instead of where the cue end
    model (``cueend``) chooses."""
    found: list[Attribution] = []
    last_named: str | None = None
    docs = docs if docs is not None else parse(text)
    for offset, doc in docs:
        for sent in doc.sents:
            for token in sent:
                attribution = _from_cue(token, sent, offset)
                if attribution is None:
                    continue
                if attribution.source and attribution.source.text.lower() in _PRONOUNS:
                    attribution.resolved = last_named
                elif attribution.source:
                    last_named = _named(sent, attribution.source, offset) or last_named
                found.append(attribution)
            names = _proper_names(sent)
            last_named = names[-1] if names else last_named
    found = [a for a in found if a.content.start < a.content.end]  # a rule that finds no words found no statement
    for a in found:
        whole = opened_earlier(text, a.content)
        if whole is not a.content:
            a.content, a.direct = continued(text, whole, 0, a.cue), True
    found = [a for a in found if not inside_quotation(text, a.cue.start)]
    credited = [a.content for a in found if a.source is not None]
    # "Kim appears to be on his way, YTN reported": the clause is YTN's, not a statement of its own
    found = [a for a in found if a.source is not None
             or not any(c.start < a.content.end and a.content.start < c.end for c in credited)]
    if refit:
        _refit_ends(text, found, docs)
        for a in found:
            if not a.direct:
                a.content = through_open_quotation(text, a.content)
            a.content = _closing_bracket(text, a.content)
        if learned_spans:
            refit_cues(text, found, docs)
    taken = [(a.cue.start, a.cue.end) for a in found]
    marked = [a for a in _marked(text[:MAX_PARSED]) if not any(s < a.cue.end and a.cue.start < e for s, e in taken)]
    return sorted(found + marked, key=lambda a: a.cue.start) if marked else found


def _closing_bracket(text: str, content: Span) -> Span:
    """A statement that opens a bracket keeps the bracket's close just after it: '(41 Shots)'."""
    inner = content.text
    if inner.count("(") <= inner.count(")") or not text.startswith(")", content.end):
        return content
    return Span(inner + ")", content.start, content.end + 1)


def _refit_ends(text: str, found: list[Attribution], docs: list[Any]) -> None:
    """End each statement found in the parse where the content model finds it most likely to end."""
    for attribution in found:
        if attribution.content.text.lower() in _PRO_FORMS:
            continue  # a pro-form is whole: "said as much in an interview" reports "as much"
        placed = clause_of(attribution, docs)
        if placed is None:
            continue
        offset, clause = placed
        last = best_end(clause)
        if last != clause.last:
            end = clause.doc[last].idx + len(clause.doc[last].text) + offset
            start = attribution.content.start
            attribution.content = Span(text[start:end], start, end)


# Statements marked by punctuation instead of a verb: a speaker's name and a colon opening a line
# ("VANE: Well, look, ...", "Poll: Owners abandon ..."), or a quotation signed with a dash
# ("“The pier is our greatest shame.” ― Alma Ruiz").
_NAME = r"[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}"
_COLON_LINE = re.compile(rf"^[ \t\"“]*(?P<source>{_NAME})(?P<cue>:)[ \t]+(?P<content>[^\n]*[^\s\"”])", re.MULTILINE)
_SIGNED = re.compile(rf"[\"“](?P<content>[^\"“”\n]{{10,}})[\"”][ \t\u00a0]*(?P<cue>[―—])[ \t\u00a0]*"
                     rf"(?P<source>{_NAME})")

# A whole line signed so, which may quote others inside or open with the wrong mark ("”Mr. Trump ...” ― Name").
_SIGNED_LINE = re.compile(rf"^[\"“”]?(?P<content>[^\n]{{10,}}?)[\"”][ \t\u00a0]*(?P<cue>[―—])[ \t\u00a0]*"
                          rf"(?P<source>{_NAME})[ \t\u00a0]*$", re.MULTILINE)

# Words that make a line's opening a label or a headline, not a speaker ("The Latest:", "Storm Over Harbour:").
_LABEL_WORDS = frozenset("the a an of on over in for to at and with latest goes".split())
_NOT_SPEAKERS = frozenset("source photo photos image video update note credit related watch read listen advertisement "
                          "sign subscribe editor tags share follow email updated published posted by breaking live "
                          "exclusive opinion analysis explainer price date time location address category "
                          "categories topics topic summary contents keywords caption author filed section article "
                          "story title headline newsletter more also see warning disclaimer correction".split())


def _marked(text: str) -> list[Attribution]:
    found = []
    transcript = sum(m.group("source").isupper() for m in _COLON_LINE.finditer(text)) >= 2
    taken: set[int] = set()  # cue positions: a signed line taken whole is not taken again in part
    for pattern, direct in ((_COLON_LINE, None), (_SIGNED_LINE, True), (_SIGNED, True)):
        for m in pattern.finditer(text):
            if m.start("cue") in taken:
                continue
            source = m.group("source").rstrip(".")
            if source.split()[0].lower() in _NOT_SPEAKERS or len(m.group("content")) < 10 or \
                    (pattern is _COLON_LINE and _LABEL_WORDS & set(source.lower().split())):
                continue
            if pattern is _COLON_LINE and source.isupper() and not transcript:
                continue  # "NEW DELHI: ..." is a dateline; a transcript has a speaker in capitals on many lines
            content = Span(m.group("content"), m.start("content"), m.end("content"))
            taken.add(m.start("cue"))
            found.append(Attribution(Span(source, m.start("source"), m.start("source") + len(source)),
                                     Span(m.group("cue"), m.start("cue"), m.end("cue")), content,
                                     direct if direct is not None else quoted(text, content.start, content.end)))
    return found


def _proper_names(tokens: Any) -> list[str]:
    """Runs of proper nouns, the way a reader spots names: "Tomas Quill", "Sergei Shoigu"."""
    names, run = [], []
    for token in tokens:
        if is_proper(token):
            run.append(token.text)
        else:
            if run:
                names.append(" ".join(run))
            run = []
    if run:
        names.append(" ".join(run))
    return names


def _named(sent: Any, source: Span, offset: int) -> str | None:
    """The name inside a source phrase ("Harbour master Tomas Quill" -> "Tomas Quill")."""
    inside = [t for t in sent if source.start <= t.idx + offset < source.end]
    names = _proper_names(inside)
    return max(names, key=len) if names else None


def _from_cue(token: Any, sent: Any, offset: int) -> Attribution | None:
    if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
        return _according_to(token, sent, offset)
    if not _is_cue(token) or any(c.dep_ == "xcomp" and _is_cue(c) for c in token.children):
        return None  # "refused to pledge": the lower verb speaks for both
    if token.dep_ == "ccomp" and _is_cue(token.head):
        return None  # "She said the mayor hopes ...": a report inside a report is the outer speaker's content
    subject = _subject(token)
    if subject is None and token.dep_ in ("advcl", "conj", "xcomp", "pcomp"):
        # "..., saying the plan would fail": the speaker is the subject of the verb this hangs on
        subject = next((c for c in token.head.children if c.dep_ in _SOURCE_DEPS), None)
    if subject is None and token.dep_ == "pcomp" and is_verb(token.head.head):
        # "responded by saying the plan would fail": the speaker is the subject of the verb the "by" hangs on
        subject = next((c for c in token.head.head.children if c.dep_ in _SOURCE_DEPS), None)
    if subject is None and token.dep_ == "acl" and is_noun(token.head) and token.head.i < token.i:
        found = _participle(token, offset)
        return found if found is not None or token.tag_ != "VBG" else _active_participle(token, offset)
    if subject is None:
        # "holding signs and chanting slogans", "citing the attack, Will urged": a verb further up speaks
        subject = _climbed_subject(token)
    if subject is None:
        return None
    agent = _agent(token) if subject.dep_ == "nsubjpass" else None
    if agent is not None:
        # "The leak was first reported by the Karrow Courier": the agent speaks, the subject is what was said
        cue = _cue_span(token, offset)  # without its "by", as PolNeAR train mostly has it (60 to 29)
        return Attribution(_source(agent, offset), cue, _subtree(subject, offset), False)
    content_head = _clause(token)
    if content_head is None:
        content_head = _that_clause_on_object(token) or _noun_complement(token) or _clause_as_adverbial(token) \
            or _for_clause(token) or _object(token)
    content = _subtree(content_head, offset) if content_head is not None else quotation_in_sentence(token, sent, offset)
    pro = _pro_form(token) if content_head is None else None
    if pro is not None:
        # "said as much", "said so": what was said is the pro-form, not a quotation nearby
        content = span_of(token.doc, pro.left_edge.idx + offset, pro.idx + len(pro.text) + offset, offset)
    if content is not None and content_head is not None and content_head.dep_ in ("dobj", "pobj"):
        content = _without_aside(content_head, content, offset)
        if doc_text(token.doc)[content.end - offset:].lstrip(" ").startswith(":"):
            # "released the following statement:" what the statement says comes after the colon
            content = after_colon(token, offset) or content
    if content is not None and content_head is not None and content_head.dep_ == "xcomp":
        content = _with_object(token, content_head, content, offset)
    if content is not None and content_head is not None and content_head.dep_ == "dobj":
        content = _with_predicate(token, content_head, content, offset)
    if content is not None and content_head is not None and content_head.dep_ == "ccomp":
        content = _with_modal_conjunct(token, content_head, content, offset)
    if content is not None and content_head is not None and content_head.dep_ == "advcl":
        content = _from_subject(content_head, content, offset)
    if content is None:
        content = adjacent_quotation(token, subject, offset)
    if content is None:
        content = after_colon(token, offset)
    if content is None and subject.dep_ == "nsubjpass" and subject.i < token.i:
        # "The purchase price was not disclosed": with no agent and nothing after it, the subject is what was said
        return Attribution(None, _cue_span(token, offset), _subtree(subject, offset), False)
    if content is None and token.dep_ == "relcl":
        content = _relative(token, offset)
    if content is None and token.dep_ == "conj" and not _set_off(subject):
        content = _predicate(token, offset)
    if content is None and (token.dep_ != "ROOT" or _parenthetical(token, subject)):
        content = _outside(token, subject, sent, offset)  # "Kim is on his way, YTN reported on Tuesday."
    elif _subjectless_after_aside(token, subject, content, offset):
        # 'The levy, she said, "is a disgrace"': the quotation lacks its subject, which comes before the cue
        content = _outside(token, subject, sent, offset) or content
    if content is None:
        return None
    content = _without_dateline(token.doc, content, offset)  # "WASHINGTON ― The pier will close, she said"
    cue = _cue_span(token, offset, content_head)
    if (lemma(token) in _RAISING and content_head is not None and content_head.dep_ == "xcomp") or \
            (subject.dep_ == "nsubjpass" and subject.i < token.i and subject.left_edge.idx + offset < content.start
             and lemma(token) not in _LISTENED):
        # "the ferry seems to have sunk", "the captain was accused of lying": what seems so, or is said with
        # no one named to say it, is the whole clause (PolNeAR train: 314 such passives to 56), from its
        # subject when the subject comes first.  A subject borrowed from a later verb ("Seeming to peer past
        # the season, the coach offered ...") lies after the clause: the clause alone is what seems so.
        start = min(subject.left_edge.idx + offset, content.start)
        return Attribution(None, cue, span_of(token.doc, start, content.end, offset), False)
    head = _speaking_head(token)
    if head is not None:
        # "declined to comment on the levy": what was said runs from the completing verb's first word, or
        # from an object before it ("asked the panel to discuss the levy")
        between = [c for c in head.children if c.dep_ == "dobj" and head.i < c.i < token.i]
        first = between[0].left_edge if between else token.left_edge
        if first.idx + offset < content.start:
            content = span_of(token.doc, first.idx + offset, content.end, offset)
    whole = doc_text(sent.doc)
    direct = quoted(whole, content.start - offset, content.end - offset)
    if direct:
        content = continued(whole, whole_quotation(whole, content, offset, cue), offset, cue)
    elif CLOSES_AFTER.match(whole, content.end - offset):
        # 'Vane "got a fee waiver," Reyes said, and still "got to dock at ...": a clause ending in
        # a quotation that resumes after its cue goes on into it
        content = continued(whole, content, offset, cue)
    # a passive without an agent ("the accord is expected to be ratified") names no speaker
    speaker = None if subject.dep_ == "nsubjpass" else _source(subject, offset)
    found = Attribution(speaker, cue, content, direct)
    if speaker is not None and subject.tag_ in ("WDT", "WP") and token.dep_ == "relcl" and is_noun(token.head):
        # "Trump, who said ...": the relative pronoun stands for the noun the clause hangs on
        before = [t for t in token.head.subtree if t.i < token.left_edge.i]
        found.resolved = (_proper_names(before) or [token.head.text])[0]
    return found


def _participle(token: Any, offset: int) -> Attribution | None:
    """A passive participle after a noun names who said what: in "a plan opposed by the union" the union
    speaks of the plan.  An active one is read by ``_active_participle``."""
    agent = _agent(token) if token.tag_ == "VBN" else None
    if agent is None:
        return None
    return Attribution(_source(agent, offset), _cue_span(token, offset), _noun_phrase(token.head, offset), False)


def _active_participle(token: Any, offset: int) -> Attribution | None:
    """"an outside group backing Rubio": the noun before an active participle speaks, and its clause or object is
    what was said (PolNeAR train, two folds read: 104 such cues found no statement, 88 of them annotated with the
    noun as speaker)."""
    head = _clause(token) or _object(token)
    if head is None:
        return None
    return Attribution(_noun_phrase(token.head, offset), _cue_span(token, offset, head), _subtree(head, offset), False)


_PRO_FORMS = frozenset({"so", "as much"})


def _pro_form(token: Any) -> Any:
    """A word standing for what was said: "so" or "as much" after the cue."""
    for child in token.children:
        if child.dep_ == "advmod" and child.i > token.i and (
                child.lower_ == "so" or (child.lower_ == "much" and any(g.lower_ == "as" for g in child.children))):
            return child
    return None


def _subjectless_after_aside(token: Any, subject: Any, content: Span | None, offset: int) -> bool:
    """A cue set off by commas inside its sentence, and what follows it opens with a verb: the statement
    began before the speaker ("The levy, she said, is a disgrace", quoted or not)."""
    if content is None or not _parenthetical(token, subject) or content.start < token.idx + offset:
        return False
    first = token.doc.char_span(content.start - offset, content.end - offset, alignment_mode="expand")
    words = [t for t in first if not t.is_punct] if first is not None else []
    return bool(words) and (words[0].tag_ == "MD" or words[0].tag_.startswith("VB"))


def _clause(token: Any) -> Any:
    """The clause a cue reports: a complement clause (ccomp) before an open one (xcomp), whichever side of the
    cue it is on; and of each kind a quotation before the cue (it may go on after it), else one after the cue,
    else one before it ("The pier will close, she said") unless a colon or semicolon lies between ("The pier
    is closed; the mayor said the ferry ...")."""
    doc = token.doc
    for dep in ("ccomp", "xcomp"):
        clauses = [c for c in token.children if c.dep_ == dep]
        after = [c for c in clauses if c.i > token.i]
        before = [c for c in clauses if c.i < token.i
                  and not any(t.text in (":", ";") for t in doc[c.right_edge.i + 1:token.i])]
        quoted = [c for c in before if doc[c.left_edge.i].text in QUOTE_TOKENS
                  or (c.left_edge.i > 0 and doc[c.left_edge.i - 1].text in QUOTE_TOKENS)]
        if after or before:
            # a quotation before the cue goes on after it ('"I love it," he said, "I will ..."'): start there
            return (quoted or after or before)[0]
    return None


def _subject(token: Any) -> Any:
    """The verb's subject; of two, the one after it: in '"... Full panic mode," said Dana Reyes' the parse
    may take a word of the quotation for a second subject."""
    subjects = [c for c in token.children if c.dep_ in _SOURCE_DEPS]
    if len(subjects) > 1:
        return next((c for c in subjects if c.i > token.i), subjects[0])
    return subjects[0] if subjects else None


def _climbed_subject(token: Any) -> Any:
    """The subject of the nearest verb above a subjectless cue, through clauses joined to it."""
    node = token
    for _ in range(4):
        if node.dep_ not in ("advcl", "conj", "xcomp", "pcomp", "acl", "prep", "pobj") or node.head is node:
            return None
        node = node.head
        if is_verb(node):
            subject = next((c for c in node.children if c.dep_ in _SOURCE_DEPS), None)
            if subject is not None:
                return subject
    return None


def _source(subject: Any, offset: int) -> Span:
    """The speaker's phrase without an aside in participles after a comma: "The mayor, speaking to a harbour
    group in Karrow," is the mayor."""
    span = _without_dateline(subject.doc, _subtree(subject, offset), offset)
    aside = next((c for c in subject.children if c.dep_ in ("acl", "advcl") and c.tag_ in ("VBG", "VBN")
                  and c.i > subject.i and c.left_edge.i > 0 and c.left_edge.nbor(-1).text == ","), None)
    if aside is None:
        return span
    last = aside.left_edge.nbor(-1).nbor(-1)  # the word before the comma
    end = last.idx + len(last.text) + offset
    return span_of(subject.doc, span.start, end, offset)


_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]+(?:,[^—–―\n]{0,40})?(?:\([A-Za-z]+\))?\s*(?:—|–|―|--)\s*")


def _without_dateline(doc: Any, span: Span, offset: int) -> Span:
    """"WASHINGTON -- President Obama": the place line the story opens with is not part of the speaker, nor of
    what is reported."""
    m = _DATELINE.match(span.text)
    if m is None or m.end() >= len(span.text):
        return span
    return span_of(doc, span.start + m.end(), span.end, offset)


def _according_to(token: Any, sent: Any, offset: int) -> Attribution | None:
    to = next(c for c in token.children if c.lower_ == "to")
    source_head = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source_head is None:
        return None
    source = _subtree(source_head, offset)
    cue = Span(f"{token.text} {to.text}", token.idx + offset, to.idx + len(to.text) + offset)
    rest = _trimmed([t for t in sent if not (token.i <= t.i <= source_head.right_edge.i) and not t.is_space])
    if not rest:
        return None
    start, end = rest[0].idx, rest[-1].idx + len(rest[-1].text)
    content = span_of(sent.doc, start + offset, end + offset, offset)
    return Attribution(source, cue, content, quoted(doc_text(sent.doc), start, end))


def _without_aside(head: Any, content: Span, offset: int) -> Span:
    """"the health of the ferry's captain, who is 70": a clause set off by a comma says more of a name, and is not
    part of what was questioned."""
    asides = [t for t in head.subtree if t.dep_ == "relcl" and t.left_edge.i > 0 and t.left_edge.nbor(-1).text == ","]
    if not asides:
        return content
    comma = asides[0].left_edge.nbor(-1)
    end = comma.idx + offset
    return span_of(head.doc, content.start, end, offset) if end > content.start else content


def _with_object(token: Any, clause: Any, content: Span, offset: int) -> Span:
    """"urged Republicans to join the effort": who is urged belongs to what is urged."""
    obj = next((c for c in token.children if c.dep_ in ("dobj", "nsubj") and token.i < c.i < clause.i), None)
    if obj is None:
        return content
    start = obj.left_edge.idx + offset
    return span_of(token.doc, start, content.end, offset)


def _with_modal_conjunct(token: Any, clause: Any, content: Span, offset: int) -> Span:
    """"said it would depress revenue at first, but would eventually add $84 billion": a second verb with
    no subject of its own and a modal, which the parse hung on the cue, goes on with what was said."""
    more = [c for c in token.children if c.dep_ == "conj" and c.i > clause.i
            and not any(g.dep_ in _SOURCE_DEPS for g in c.children)
            and any(g.dep_ == "aux" and g.tag_ == "MD" for g in c.children)]
    if not more:
        return content
    return span_of(token.doc, content.start, max(content.end, _subtree(more[0], offset).end), offset)


def _trimmed(tokens: list[Any]) -> list[Any]:
    """What is left of a sentence around its cue, without punctuation at its ends or a conjunction opening
    it ("And Mrs. Clinton now holds ..." reports "Mrs. Clinton now holds ...")."""
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc" or tokens[-1].tag_ == "WDT"):
        tokens.pop()  # "... spotted Stein and" where the cue's own clause was cut off
    while tokens and (tokens[0].is_punct or (tokens[0].dep_ == "cc" and len(tokens) > 1)):
        tokens.pop(0)
    return tokens


_PREDICATES = frozenset({"oprd", "ccomp", "xcomp", "advmod"})

# "accused the government of stalling", "described the storm as ominous": what the object is charged with
_OBJECT_PREPOSITIONS = frozenset({"for", "as", "of", "to", "over", "about", "against"})


def _with_predicate(token: Any, obj: Any, content: Span, offset: int) -> Span:
    """"called Burma a 'good news story'", "showed her ahead 3 points": what the object is said to be is said too."""
    after = [c for c in token.children if c.i > obj.i and (c.dep_ in _PREDICATES or (
        c.dep_ == "prep" and c.lower_ in _OBJECT_PREPOSITIONS))]
    if not after:
        return content
    end = _subtree(max(after, key=lambda c: c.i), offset).end
    return span_of(token.doc, content.start, max(end, content.end), offset)


def _that_clause_on_object(token: Any) -> Any:
    """"told a meeting of owners that few people understood the risk": a "that" clause the parse hung
    on the listener as a relative clause is the reported clause (a relative "that" is its subject or
    object, never its complementizer)."""
    for child in token.children:
        if child.dep_ == "dobj":
            for clause in child.subtree:
                if clause.dep_ == "relcl" and clause.i > token.i and \
                        any(g.dep_ == "mark" and g.lower_ == "that" for g in clause.children):
                    return clause
    return None


def _noun_complement(token: Any) -> Any:
    """"expressed concern that ...", "highlighted his message that ...": a "that" clause completing the object
    noun is what was said (the noun joins the cue, see _cue_span)."""
    obj = next((c for c in token.children if c.dep_ == "dobj" and is_noun(c) and c.i > token.i), None)
    if obj is None:
        return None
    return next((c for c in obj.children if c.dep_ in ("acl", "ccomp") and c.i > obj.i
                 and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)


def _clause_as_adverbial(token: Any) -> Any:
    """"The senator said after the vote she would not run again": a clause with a subject of its own and no
    conjunction ("when", "because") that the parse hung on the cue as an adverbial, after it, is what was said."""
    if any(c.dep_ in ("dobj", "attr") for c in token.children):
        return None
    return next((c for c in token.children if c.dep_ == "advcl" and c.i > token.i and is_verb(c)
                 and any(g.dep_ in _SOURCE_DEPS for g in c.children)
                 and not any(g.dep_ in ("mark", "advmod") and g.lower_ != "that" and g.i < c.i for g in c.children)),
                None)


def _for_clause(token: Any) -> Any:
    """"called for the state to act": a clause opened by "for" with a subject of its own is what was called for."""
    return next((c for c in token.children if c.dep_ == "advcl" and c.i > token.i
                 and any(g.dep_ == "mark" and g.lower_ == "for" for g in c.children)
                 and any(g.dep_ in _SOURCE_DEPS for g in c.children)), None)


def _from_subject(clause: Any, content: Span, offset: int) -> Span:
    """The clause from its subject on: "after the vote" in "said after the vote she would ..." tells when it
    was said."""
    subject = next((g for g in clause.children if g.dep_ in _SOURCE_DEPS), None)
    if subject is None:
        return content
    start = subject.left_edge.idx + offset
    return span_of(clause.doc, start, content.end, offset) if start > content.start else content


def _object(token: Any) -> Any:
    """What a statement is about when it has no clause: "called for an inquiry", "demanded a recount"."""
    if lemma(token) in ("say", "tell", "add", "state", "write"):
        return None  # their objects are listeners or the like, not what was said
    kids = list(token.children)
    for child in kids:
        # "did not mention any of his rivals", "cited two": a determiner or a number heads an object too
        if child.dep_ == "dobj" and (is_noun(child) or child.tag_ in ("PRP", "DT", "CD")):
            return _stance_object(child) or child
    # after the verb (a fronted "On Wednesday, Cruz thanked ..." sets the time, not the topic), and a topic
    # before a listener: "talked to reporters about the storm"
    preps = sorted((c for c in kids if c.dep_ == "prep" and c.lower_ in _CONTENT_PREPOSITIONS and c.i > token.i),
                   key=lambda c: (c.lower_ == "to", c.i))
    topic = next((g for g in preps[0].children if g.dep_ in ("pobj", "pcomp")), None) if preps else None
    # "YTN reported on Tuesday": a day or a time is when it was said, not what about
    return None if topic is not None and topic.lower_ in _WHEN else topic


_WHEN = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight weekend morning "
                  "afternoon evening night january february march april may june july august september october "
                  "november december".split())


def _agent(token: Any) -> Any:
    """The speaker of a passive cue: the object of its "by" ("reported by the Karrow Courier")."""
    by = next((c for c in token.children if c.dep_ == "agent"), None)
    return next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None


def _parenthetical(token: Any, subject: Any) -> bool:
    """"Though the change went smoothly, he said, replacing her would be acrimonious": speaker and cue set off
    by commas inside the sentence they report."""
    doc = token.doc
    before, after = subject.left_edge.i - 1, token.i + 1
    return subject.head.i == token.i and subject.i < token.i and before > 0 and after < len(doc) - 1 \
        and doc[before].text == "," and doc[after].text == ","


# "expressed concern about", "raised questions over", "made the case for": a verb and a noun of stance or
# speech make one cue, and what follows the preposition is what was said (PolNeAR marks it so).
_STANCE_NOUNS = frozenset("concern concerns support criticism doubt doubts question questions hope hopes confidence "
                          "skepticism opposition outrage alarm frustration misgivings reservations objections case "
                          "statement remarks comments warning warnings complaint complaints praise fear fears worries "
                          "optimism anger sympathy approval disapproval insights views thoughts claims belief "
                          "assurances interest".split())
_STANCE_PREPOSITIONS = frozenset({"about", "for", "over", "on", "against", "of", "with", "to", "at", "into", "behind"})


def _stance_object(noun: Any) -> Any:
    if noun.lower_ not in _STANCE_NOUNS:
        return None
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in _STANCE_PREPOSITIONS), None)
    return next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None


def _relative(token: Any, offset: int) -> Span | None:
    """What a cue in a relative clause is about: its relative pronoun ("a plan which critics denounced"),
    with its preposition ("for which she apologized"), else the noun it hangs on ("an idea the mayor
    rejected")."""
    noun = token.head
    if not is_noun(noun):
        return None
    for child in token.children:
        if child.tag_ in ("WDT", "WP") and child.dep_ in ("dobj", "attr"):
            return span_of(token.doc, child.idx + offset, child.idx + len(child.text) + offset, offset)
        if child.dep_ == "prep" and child.i < token.i:
            wh = next((g for g in child.children if g.tag_ in ("WDT", "WP") and g.dep_ == "pobj"), None)
            if wh is not None:
                return span_of(token.doc, child.idx + offset, wh.idx + len(wh.text) + offset, offset)
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in token.children):
        return None  # "the ferry, which sank": the noun is the speaker's subject, not what was said
    return _noun_phrase(noun, offset)


def _set_off(subject: Any) -> bool:
    """A subject of its own after a comma: "..., the minister told reporters" is tacked on to what it reports."""
    return subject.head.i > subject.i and subject.left_edge.i > 0 and subject.doc[subject.left_edge.i - 1].text == ","


def _predicate(token: Any, offset: int) -> Span | None:
    """What follows a second verb of its sentence ("overturned the ruling and sided with the state"): the
    first verb's clause is the writer's, not what this one reports."""
    later = [c for c in token.children if c.dep_ in ("conj", "cc") and c.i > token.i]
    stop = min([c.left_edge.i for c in later], default=token.right_edge.i + 1)
    rest = _trimmed([t for t in token.doc[token.i + 1:stop] if not t.is_space])
    if not rest:
        return None
    return span_of(token.doc, rest[0].idx + offset, rest[-1].idx + len(rest[-1].text) + offset, offset)


def _outside(token: Any, subject: Any, sent: Any, offset: int) -> Span | None:
    """The sentence without the cue's own clause, when the cue is tacked on to what it reports.

    The cue's own clause runs from its speaker to its end: a clause the parse hung on the cue before the
    speaker ("If this fails, Ms. Vane argues, there are other ports") is part of what is reported,
    and the span then runs across the cue, as PolNeAR marks a statement broken by its cue."""
    # "the stadium, which, Tompkins said, is full on game days": an aside inside a clause reports that clause
    region = token.head.subtree if token.dep_ == "parataxis" and token.head.dep_ == "relcl" else sent
    first = subject.left_edge.i if subject.head.i == token.i and subject.i < token.i else token.left_edge.i
    # "As the Courier reported, the pier ...": the cue's clause starts at its "as"
    first = min([first] + [c.i for c in token.children if c.dep_ == "mark" and c.i < first])
    last = token.i + 1 if _parenthetical(token, subject) else token.right_edge.i  # what follows is reported
    rest = _trimmed([t for t in region if not (first <= t.i <= last) and not t.is_space])
    if len(rest) < 3:
        return None
    start, end = rest[0].idx, rest[-1].idx + len(rest[-1].text)
    return span_of(sent.doc, start + offset, end + offset, offset)


def _is_cue(token: Any) -> bool:
    """A verb the cue model (``cuemodel``) finds likely enough to head a statement here; asked once a token."""
    if not is_verb(token):
        return False
    if token.dep_ == "xcomp" and lemma(token) in cues().lemmas and _likely_cue(token.head):
        return True  # "appeared to suggest": the reporting verb below a cue speaks for both
    return _likely_cue(token)


def _likely_cue(token: Any) -> bool:
    known: dict[int, bool] = token.doc.user_data.setdefault("newstrace_cues", {})
    found = known.get(token.i)
    if found is None:
        # verbs that head a cue under 5% of the time are not asked: the model took 2 of 5,005 on PolNeAR dev
        share = cues().shares.get(lemma(token) or token.lower_, 0.0)
        found = known[token.i] = is_verb(token) and share >= RARE_CUE and \
            cue_model().chance(token) >= cue_model().threshold
    return found


def _cue_span(token: Any, offset: int, content_head: Any = None) -> Span:
    """The verb with its auxiliaries, particle, an adverb just before it, the preposition that
    introduces its content, and the verb it completes: "has already said", "called for", "appeared to
    suggest", "went on to discuss"."""
    head = _speaking_head(token)
    if head is not None:
        return _verb_span(head, offset)
    verbs = [token]
    if token.dep_ == "xcomp" and is_verb(token.head) and token.head.i < token.i:
        verbs.append(token.head)
    parts = [c for v in verbs for c in _verb_parts(v)]
    parts += [t for c in token.children if c.dep_ in ("npadvmod", "advmod") and c.left_edge.i == token.i + 1
              and c.lower_ in _WHEN for t in c.subtree]  # "said Friday", "said Thursday morning", "said then"
    parts += verbs[1:]
    if content_head is not None and content_head.dep_ in ("pobj", "pcomp") and content_head.head.head.i == token.i:
        parts.append(content_head.head)  # the preposition introducing the content
    elif content_head is not None and content_head.dep_ in ("pobj", "pcomp") and \
            content_head.head.head.dep_ == "dobj" and content_head.head.head.head.i == token.i:
        parts.append(content_head.head)  # "expressed deep concern about": verb, noun and preposition
    elif content_head is not None and content_head.dep_ in ("acl", "ccomp") and \
            content_head.head.dep_ == "dobj" and content_head.head.head.i == token.i:
        parts.append(content_head.head)  # "expressed concern that": verb and noun
    elif content_head is not None and content_head.dep_ == "advcl" and content_head.head.i == token.i:
        parts += [c for c in content_head.children if c.dep_ == "mark" and c.lower_ == "for"]  # "called for"
    parts.append(token)
    first, last = min(parts, key=lambda t: t.i), max(parts, key=lambda t: t.i)
    text = doc_text(token.doc)[first.idx:last.idx + len(last.text)]
    return Span(text, first.idx + offset, last.idx + len(last.text) + offset)


# A question or an exclamation keeps its mark: PolNeAR's train split has it inside the content 368 times, after 45.
_KEPT_AT_END = frozenset({"?", "!"})

# Verbs a cue completes that are no cue of their own in PolNeAR's convention: the cue runs on to the verb they
# complete ("continued to ignore", "seemed to think", "appeared to suggest"); other cue verbs are the cue
# alone, and what they complete is what was said ("declined to comment", "asked the panel to discuss").  In
# PolNeAR train's first 1000 files 133 such cues end at the first verb and 82 run on to the second, most of
# those after these verbs ("refuse" is split there, 11 to 9; dev has it run on).
_JOINED_HEADS = frozenset("continue seem appear try want choose lead emerge prompt go refuse".split())


def _speaking_head(token: Any) -> Any:
    """The cue verb a cue word completes, when that verb is the cue by itself ("declined" in "declined to
    comment")."""
    if token.dep_ != "xcomp" or not is_verb(token.head) or token.head.i > token.i:
        return None
    head = lemma(token.head)
    return token.head if head is not None and head not in _JOINED_HEADS else None


def _verb_parts(verb: Any) -> list[Any]:
    """A verb's auxiliaries, negation and particle (not across a quotation), and an adverb just before it, but
    not "when" or "how" ("when asked": PolNeAR train leaves it out 32 to 0)."""
    parts = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "prt", "neg") and c.i < verb.i + 2
             and not any(t.is_punct for t in verb.doc[c.i:verb.i])]
    return parts + [c for c in verb.children if c.dep_ == "advmod" and c.i == verb.i - 1 and c.tag_ != "WRB"]


def _verb_span(verb: Any, offset: int) -> Span:
    """A verb with its auxiliaries, negation and particle, and an adverb just before it."""
    parts = [verb, *_verb_parts(verb)]
    first, last = min(parts, key=lambda t: t.i), max(parts, key=lambda t: t.i)
    return span_of(verb.doc, first.idx + offset, last.idx + len(last.text) + offset, offset)


def _noun_phrase(noun: Any, offset: int) -> Span:
    """A noun with the words before it that hang on it ("a harbour levy"), not those after."""
    return span_of(noun.doc, noun.left_edge.idx + offset, noun.idx + len(noun.text) + offset, offset)


def _subtree(token: Any, offset: int) -> Span:
    """The token's phrase, without punctuation at its ends (a reported clause keeps its "that")."""
    left, right = token.left_edge, token.right_edge
    phrase = doc_text(token.doc)[left.idx:right.idx + len(right.text)]
    while right.i > left.i and (right.is_space or (right.is_punct and not (right.text == ")" and "(" in phrase)
                                                   and right.text not in _KEPT_AT_END)):
        right = right.nbor(-1)
    while left.i < right.i and (left.is_punct or left.is_space):
        left = left.nbor(1)
    text = doc_text(token.doc)[left.idx:right.idx + len(right.text)]
    return Span(text, left.idx + offset, right.idx + len(right.text) + offset)
