# x |> invisible() prints nothing at top level
x <- 5
x |> invisible()
cat("end\n")
