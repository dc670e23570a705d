# Sourced by scripts/*: the environment every command of the project runs in.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export RETICULATE_PYTHON="$root/.venv/bin/python"
export R_LIBS="$root/.venv/R-library${R_LIBS:+:$R_LIBS}"
export PATH="$root/.venv/bin:$PATH"
