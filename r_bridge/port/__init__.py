"""Port paws scripts (R) to Python on paws_compat.

R's own parser reads the script (`tree`), so the porter works on R's syntax tree. Each statement
is translated whole (`statements`, `functions`, `expressions`, `conditions`, with the built-in
functions in `registry` and what is known of names and types in `scopes`; `emit` lays the Python
out). One that uses a construct outside the supported set is carried over as `# UNPORTED:`
comments holding its original lines, with a call that stops the ported script there, flagged,
and is listed in `PortResult.unported`: a reader sees what is left to do, a caller can tell a
complete port from a partial one, and a partial port never runs on past what it could not
translate.

Python is emitted plainly where the types are known when porting (a literal, a loop counter, a
client's operation); elsewhere the emitted code calls `r_bridge.port_runtime`, which implements
R's semantics (vectors, `$` and `[[`, copy-on-modify, operators, `if`, printing).
"""

from .porter import port_file, port_source, summary
from .result import PortResult, Unported, Unsupported
from .tree import PortError

__all__ = ["PortError", "PortResult", "Unported", "Unsupported", "port_file", "port_source", "summary"]
