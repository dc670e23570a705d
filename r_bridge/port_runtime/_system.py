"""system2(): a command run through the shell as R runs it, its output shown, captured or
dropped, and its exit status."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from ._halt import NotPorted
from ._values import elements, vector


def system2(
    command: Any,
    args: Any = None,
    stdout: Any = "",
    stderr: Any = "",
    timeout: Any = 0,
) -> Any:
    """system2(command, args, stdout = "" / TRUE / FALSE): R pastes the command and its
    arguments into one shell command line (quoting is the script's, with shQuote)."""
    line = " ".join([str(command), *(str(a) for a in elements(args))])
    if stderr not in ("", False):
        raise NotPorted("system2(stderr = ) other than the console or FALSE")
    if stdout not in ("", True, False):
        raise NotPorted("system2(stdout = ) naming a file")
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        done = subprocess.run(
            line,
            shell=True,
            stdout=subprocess.PIPE if stdout is True else subprocess.DEVNULL if stdout is False else None,
            stderr=subprocess.DEVNULL if stderr is False else None,
            text=True,
            timeout=float(timeout) or None,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise NotPorted("system2() timed out (R warns and gives status 124)") from None
    if done.returncode == 127:
        raise NotPorted("system2() of a command that could not run (R warns, status 127)")
    if stdout is True:
        if done.returncode != 0:
            raise NotPorted("system2(stdout = TRUE) of a command that failed (R warns, keeps its status)")
        return vector(done.stdout.splitlines(), "character")
    return done.returncode


def sh_quote(string: Any) -> Any:
    """shQuote(): each string in single quotes for the shell, as R's (type "sh") writes it."""
    out = []
    for s in elements(string):
        text = str(s)
        if "'" not in text:
            out.append("'" + text + "'")
        elif not any(ch in text for ch in '"$`\\'):
            out.append('"' + text + '"')
        else:
            raise NotPorted("shQuote() of a string with both kinds of quote or shell specials")
    return vector(out, "character")
