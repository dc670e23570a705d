# Sys.getenv with unset and the empty default
cat("[", Sys.getenv("PAWS_COMPAT_SURELY_UNSET"), "]", Sys.getenv("PAWS_COMPAT_SURELY_UNSET", "dflt"), "\n")
cat(nzchar(Sys.getenv("PAWS_COMPAT_SURELY_UNSET")), "\n")
