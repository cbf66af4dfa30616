"""Arabic news-bulletin extraction pipeline.

The library API: `process_text` for one bulletin, `process` for a `Document`,
`run` for files and folders to an output directory (what the CLI calls).
"""

from pipeline.models import Document
from pipeline.process import process, process_text
from pipeline.run import RunResult, run

__all__ = ["Document", "RunResult", "process", "process_text", "run"]
