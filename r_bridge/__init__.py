"""R and paws_compat: conversions with rpy2 (`r_bridge.convert`), the entry point the R package
calls (`r_bridge.dispatch`), and running unchanged paws scripts on our client
(`python -m r_bridge script.R`).

Importing this package imports neither rpy2 nor R: the R package reaches `r_bridge.dispatch`
through reticulate, inside an R process, where starting another R would be wrong.
"""
