"""The publishing worker: one loop that claims due work in the database and publishes it.

`start_in_process_worker(settings)` runs it on a daemon thread inside `carepost serve`;
`carepost worker` runs it in its own process, and several may run at once.
"""

from carepost.worker.loop import Worker, WorkerHandle, start_in_process_worker

__all__ = ["Worker", "WorkerHandle", "start_in_process_worker"]
