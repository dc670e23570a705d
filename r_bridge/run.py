"""Run an existing paws script, unchanged, on the shared implementation.

    python -m r_bridge.run script.R [script arguments...]
    python -m r_bridge script.R [script arguments...]

The script runs in an R embedded in this Python process (rpy2), as Rscript would run it (visible
values printed, an error ends it with "Execution halted" and status 1, `quit(status = n)` exits
with n). `paws::connectparticipant`, `paws.customer.engagement::connectparticipant` and
`library(paws)` resolve to paws.compat's client: two stand-in packages named paws and
paws.customer.engagement, which re-export it, are put first on the library path. No paws is
needed. paws.compat reaches the client through rpy2 callbacks into this process, not through
reticulate, which must not drive the Python that embeds its R.

A team checks its old script on the shared implementation before porting it to Python.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Installed versions of the real packages these stand in for (paws-parity.md).
STUB_PACKAGES = {"paws": "0.8.10", "paws.customer.engagement": "0.10.0", "paws.common": "0.8.10"}
STUB_REEXPORTS = ("connectparticipant", "connect")

# paws.common's paging functions, which paws.compat implements for its clients.
PAGING_REEXPORTS = ("paginate", "paginate_lapply", "paginate_sapply")

# Runs the script as Rscript does; returns the exit status instead of ending the process.
_RUN_SCRIPT_R = r"""
function(path) {
  status <- 0L
  calls <- NULL
  # In R embedded through rpy2 (not under Rscript), once the byte-code JIT compiled a helper
  # from a source()d file, sys.call() in our operations could name the helper's expression
  # instead of the operation's call, so a paws condition's call was wrong. The scripts wait on
  # the network: running them uncompiled costs nothing that shows.
  compiler::enableJIT(0)
  # Rscript's own report of a fatal error: "Error in <call> : <message>" (the message on a new,
  # indented line when the first line would pass 75 characters), then "Calls: a -> b" as R's
  # concise traceback gives it (none when it adds nothing to the call), then "Execution halted".
  concise <- function(calls, call) {
    names <- vapply(calls, function(cl) {
      fun <- cl[[1L]]
      if (is.symbol(fun)) as.character(fun) else "<Anonymous>"
    }, "")
    shown <- character(0)
    for (name in names) {  # innermost first; what stop() itself called is not shown
      shown <- if (name %in% c("stop", "warning", "suppressWarnings", ".signalSimpleWarning")) {
        character(0)
      } else {
        c(name, shown)
      }
    }
    text <- paste(shown, collapse = " -> ")
    if (length(shown) == 1L && is.call(call) && identical(text, if (is.symbol(call[[1L]]))
      as.character(call[[1L]]) else "<Anonymous>")) return("")
    text
  }
  # Rscript's own loop over the script's top-level expressions: a visible value is printed; a
  # warning (with options(warn = 0), Rscript's default) is kept and printed after the expression,
  # as "Warning message(s):"; a top-level on.exit() has no function to run at the end of, and
  # Rscript ignores it.
  toplevel <- quote(eval(e, globalenv()))
  is_toplevel <- function(call) identical(call, toplevel)
  print_warnings <- function(warns) {
    n <- length(warns)
    if (n == 0L) return(invisible())
    out <- if (n == 1L) "Warning message:\n" else "Warning messages:\n"
    if (n > 10L) {
      out <- sprintf("There were %d warnings (use warnings() to see them)\n", n)
    } else {
      for (i in seq_len(n)) {
        w <- warns[[i]]
        num <- if (n == 1L) "" else paste0(i, ": ")
        if (is.null(w$call)) {
          out <- paste0(out, num, w$message, " \n")
        } else {
          dcall <- deparse(w$call, nlines = 1L)[1L]
          first <- strsplit(w$message, "\n", fixed = TRUE)[[1L]][1L]
          if (is.na(first)) first <- ""
          room <- if (n == 1L) 6L else 10L
          long <- room + nchar(dcall, type = "width") + nchar(first, type = "width") > 75L
          out <- paste0(out, num, "In ", dcall, " :", if (long) "\n " else "", " ", w$message, "\n")
        }
      }
    }
    cat(out, file = stderr())
  }
  run_all <- function() {
    exprs <- parse(path, keep.source = FALSE, encoding = "UTF-8")
    for (e in exprs) {
      if (is.call(e) && identical(e[[1L]], as.name("on.exit"))) next
      warns <- list()
      keep <- function(w) {
        warn <- getOption("warn", 0)
        if (!is.numeric(warn) || warn != 0) return()  # R itself prints now, or turns it into an error
        call <- conditionCall(w)
        if (is_toplevel(call)) call <- NULL
        warns[[length(warns) + 1L]] <<- list(call = call, message = conditionMessage(w))
        invokeRestart("muffleWarning")
      }
      res <- withCallingHandlers(withVisible(eval(e, globalenv())), warning = keep)
      if (res$visible) print(res$value)
      print_warnings(warns)
    }
  }
  tryCatch(
    withCallingHandlers(
      run_all(),
      error = function(e) calls <<- sys.calls()
    ),
    error = function(e) {
      call <- conditionCall(e)
      if (is_toplevel(call)) call <- NULL  # a top-level stop(): no call
      message <- conditionMessage(e)
      if (is.null(call)) {
        head <- "Error: "
      } else {
        dcall <- deparse(call, nlines = 1L)
        first <- strsplit(message, "\n", fixed = TRUE)[[1L]][1L]
        if (is.na(first)) first <- ""
        long <- nchar(dcall, type = "width") + nchar(first, type = "width") + 12L > 75L
        head <- paste0("Error in ", dcall, if (long) " : \n  " else " : ")
      }
      script <- list()
      at <- 0L
      for (i in seq_along(calls)) {
        if (is_toplevel(calls[[i]])) at <- i
      }
      if (at > 0L) {
        script <- calls[-seq_len(at)]
        script <- script[-length(script)]  # the handler's own frame
        keep <- !vapply(script, function(cl) identical(cl[[1L]], as.name(".handleSimpleError")), NA)
        script <- rev(script[keep])
      }
      trace <- concise(script, call)
      cat(head, message, "\n", if (nzchar(trace)) paste0("Calls: ", trace, "\n"), "Execution halted\n",
          sep = "", file = stderr())
      status <<- 1L
    }
  )
  status
}
"""


def _stub_sources(root: Path) -> list[Path]:
    """Source trees of the stand-in packages: DESCRIPTION and NAMESPACE only, no code. paws and
    paws.customer.engagement re-export paws.compat's clients, paws.common its paging functions."""
    dirs = []
    for name, version in STUB_PACKAGES.items():
        pkg = root / name
        pkg.mkdir(parents=True)
        (pkg / "DESCRIPTION").write_text(
            f"Package: {name}\n"
            f"Version: {version}\n"
            f"Title: Stand-in for {name}, Served by paws.compat\n"
            "Description: Installed by r_bridge.run so that an unchanged paws script runs on\n"
            "    paws.compat: it re-exports paws.compat's clients under paws' names.\n"
            "License: Apache License (== 2.0)\n"
            "Imports: paws.compat\n",
            encoding="utf-8",
        )
        functions = PAGING_REEXPORTS if name == "paws.common" else STUB_REEXPORTS
        lines = [f"importFrom(paws.compat, {fn})" for fn in functions]
        lines += [f"export({fn})" for fn in functions]
        (pkg / "NAMESPACE").write_text("\n".join(lines) + "\n", encoding="utf-8")
        dirs.append(pkg)
    return dirs


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "paws-compat" / "r-stubs"


def stub_library(r_home: str, r_libs: Sequence[str], r_version: str) -> Path:
    """A library holding the stand-in packages, installed once per R and stub version (cached)."""
    key_text = json.dumps([STUB_PACKAGES, STUB_REEXPORTS, PAGING_REEXPORTS, r_home, r_version])
    key = hashlib.sha256(key_text.encode()).hexdigest()[:16]
    target = _cache_root() / key
    if all((target / name / "Meta" / "package.rds").exists() for name in STUB_PACKAGES):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".stub-", dir=target.parent))
    except OSError:
        # No writable cache (a read-only home): install for this run only.
        staging = Path(tempfile.mkdtemp(prefix="paws-compat-stubs-"))
        target = staging
    with tempfile.TemporaryDirectory(prefix="paws-compat-stub-src-") as src:
        sources = _stub_sources(Path(src))
        env = dict(os.environ, R_LIBS=os.pathsep.join(r_libs))
        cmd = [
            os.path.join(r_home, "bin", "R"),
            "CMD",
            "INSTALL",
            "--no-test-load",
            "--no-docs",
            "--no-html",
            "--no-multiarch",
            f"--library={staging}",
            *map(str, sources),
        ]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
        if proc.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise RuntimeError(f"installing the stand-in paws packages failed:\n{proc.stderr[-2000:]}")
    if staging != target:
        try:
            staging.rename(target)
        except OSError:  # another run installed them at the same moment: use theirs
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _library_paths() -> list[str]:
    """Where paws.compat may be installed: R_LIBS, then this environment's own R library."""
    paths = [p for p in os.environ.get("R_LIBS", "").split(os.pathsep) if p]
    own = os.path.join(sys.prefix, "R-library")  # scripts/setup installs paws.compat here
    if os.path.isdir(own) and own not in paths:
        paths.append(own)
    return paths


_BACKEND: RpyBackend | None = None  # the one this process's R uses, kept alive here


class RpyBackend:
    """paws.compat's backend as rpy2 callbacks: the three functions R calls, over dispatch."""

    def __init__(self) -> None:
        self._clients: dict[int, Any] = {}
        self._keep_alive: tuple[Any, ...] = ()

    def as_r(self) -> Any:
        import rpy2.rinterface as ri

        from r_bridge import dispatch

        def reply(kind: int, payload: Any) -> Any:
            return ri.ListSexpVector([ri.IntSexpVector([kind]), payload])

        def failure(exc: BaseException) -> Any:
            from r_bridge.convert import RConversionError

            kind = dispatch.VALIDATION_ERROR if isinstance(exc, RConversionError) else dispatch.OTHER_ERROR
            cls = "ParamValidationError" if isinstance(exc, RConversionError) else type(exc).__name__
            text = json.dumps({"class": cls, "classes": [cls], "message": str(exc)})
            return reply(kind, ri.StrSexpVector([text]))

        def handle_reply(kind: int, value: Any) -> Any:
            # A new client or chat session stays in Python; R holds an integer handle to it.
            if kind != dispatch.OK:
                return reply(kind, ri.StrSexpVector([value]))
            handle = len(self._clients) + 1
            self._clients[handle] = value
            return reply(kind, ri.IntSexpVector([handle]))

        @ri.rternalize
        def model_file(service: Any = ri.NULL) -> Any:
            return ri.StrSexpVector([dispatch.model_file(None if service is ri.NULL else str(service[0]))])

        @ri.rternalize
        def secret_names() -> Any:
            return ri.StrSexpVector([dispatch.secret_names()])

        @ri.rternalize
        def new_client(
            config: Any, credentials: Any, endpoint: Any, region: Any, service: Any = ri.NULL
        ) -> Any:
            from r_bridge.convert import from_r

            try:
                kind, value = dispatch.new_client(
                    from_r(config, path="config"),
                    from_r(credentials, path="credentials"),
                    from_r(endpoint, path="endpoint"),
                    from_r(region, path="region"),
                    None if service is ri.NULL else str(service[0]),
                )
            except Exception as exc:
                return failure(exc)
            return handle_reply(kind, value)

        @ri.rternalize
        def call(client: Any, method: Any, args: Any) -> Any:
            from r_bridge.convert import args_from_r

            try:
                name = str(method[0])
                target = self._clients[int(client[0])]
                service = getattr(target, "service", "connectparticipant")
                kind, text = dispatch.call(target, name, args_from_r(name, args, service))
            except Exception as exc:
                return failure(exc)
            return reply(kind, ri.StrSexpVector([text]))

        @ri.rternalize
        def chat_start(client: Any, token: Any, connect: Any, timeout: Any, overrides: Any) -> Any:
            from r_bridge.convert import from_r

            try:
                kind, value = dispatch.chat_start(
                    self._clients[int(client[0])],
                    str(token[0]),
                    bool(connect[0]),
                    float(timeout[0]),
                    from_r(overrides, path="..."),
                )
            except Exception as exc:
                return failure(exc)
            return handle_reply(kind, value)

        @ri.rternalize
        def chat_call(session: Any, method: Any, args: Any) -> Any:
            from r_bridge.convert import from_r

            try:
                kwargs = from_r(args, path="args") or {}
                kind, text, shape = dispatch.chat_call(self._clients[int(session[0])], str(method[0]), kwargs)
            except Exception as exc:
                return failure(exc)
            return ri.ListSexpVector(
                [ri.IntSexpVector([kind]), ri.StrSexpVector([text]), ri.StrSexpVector([shape])]
            )

        parts = {
            "name": ri.StrSexpVector(["rpy2"]),
            "model_file": model_file,
            "secret_names": secret_names,
            "new_client": new_client,
            "call": call,
            "chat_start": chat_start,
            "chat_call": chat_call,
        }
        backend = ri.ListSexpVector(list(parts.values()))
        backend.names = ri.StrSexpVector(list(parts))
        # R holds only handles to these Python functions: they must live as long as R may call them.
        self._keep_alive = (*parts.values(), backend)
        return backend


def _write(stream: Any) -> Any:
    def write(text: str) -> None:
        stream.write(text)
        stream.flush()

    return write


def _exit_from_r(saveact: Any, status: int, runlast: Any) -> None:
    # quit() in the script: R would exit(0) after this callback returns, losing the status.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(status))


def start_r(script_args: Sequence[str] = (), script: str | None = None) -> None:
    """The embedded R, non-interactive as under Rscript, its console on our stdout/stderr.

    Its command line is Rscript's (`R --no-echo --no-restore --file=script --args ...`), so a
    script finding itself through commandArgs() finds itself. Embedded R does not run --file: only
    R's own main loop would.
    """
    from rpy2.rinterface_lib import callbacks, embedded, openrlib

    if embedded.isinitialized():
        return
    program = os.path.join(openrlib.R_HOME, "bin", "exec", "R")
    options = [program, "--no-echo", "--no-restore"]
    if script is not None:
        options.append(f"--file={script}")
    embedded.set_initoptions((*options, "--args", *script_args))
    callbacks.consolewrite_print = _write(sys.stdout)
    callbacks.consolewrite_warnerror = _write(sys.stderr)
    callbacks.cleanup = _exit_from_r
    import warnings

    import rpy2.rinterface as ri

    with warnings.catch_warnings():
        # "Environment variable ... redefined by R": R sets its own, as under Rscript; not news.
        warnings.filterwarnings("ignore", message="Environment variable", category=UserWarning)
        ri.initr_checkenv(interactive=False)


def prepare_r() -> None:
    """Put the stand-ins first on the library path and plug paws.compat into this process."""
    import rpy2.rinterface as ri
    from rpy2.rinterface_lib import openrlib

    libs = _library_paths()
    stubs = stub_library(openrlib.R_HOME, libs, str(ri.evalr("R.version.string")[0]))
    paths = ri.StrSexpVector([str(stubs), *libs])
    ri.evalr("function(p) .libPaths(c(p, .libPaths()))")(paths)
    try:
        use_backend = ri.evalr("paws.compat:::use_backend")
    except Exception as exc:  # rpy2 raises RRuntimeError; R has printed why
        raise RuntimeError(
            "the R package paws.compat is not installed where R looks "
            f"({', '.join(libs) or 'R_LIBS unset'}): run scripts/setup, or R CMD INSTALL the repository"
        ) from exc
    global _BACKEND
    _BACKEND = RpyBackend()
    use_backend(_BACKEND.as_r())


def run_script(path: str, script_args: Sequence[str] = ()) -> int:
    """Run one R script on paws.compat; its exit status as Rscript would give it."""
    if not os.path.isfile(path):
        print(f"r_bridge.run: no such script: {path}", file=sys.stderr)
        return 2
    start_r(script_args, path)
    import rpy2.rinterface as ri

    prepare_r()
    runner = ri.evalr(_RUN_SCRIPT_R)
    status = runner(ri.StrSexpVector([os.path.abspath(path)]))
    return int(status[0])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m r_bridge.run",
        description="Run an unchanged paws script (R) with paws' connectparticipant served by paws-compat.",
    )
    parser.add_argument("script", help="the R script, as given to Rscript")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the script (commandArgs)")
    options = parser.parse_args(argv)
    try:
        status = run_script(options.script, options.args)
    except Exception as exc:
        print(f"r_bridge.run: {exc}", file=sys.stderr)
        if os.environ.get("PAWS_COMPAT_DEBUG"):
            traceback.print_exc()
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
