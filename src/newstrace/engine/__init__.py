"""Executors for the driver's link stage beyond one process.

``newstrace.pipeline.link`` runs the link stage in the driver's process (the local engine);
``newstrace.engine.raylink.RayEngine`` runs its heavy steps as Ray tasks (``trace --engine ray``).  Both
write the same links into the store, a batch at a time.
"""
