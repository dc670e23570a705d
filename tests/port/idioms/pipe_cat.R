# 3 |> cat("n\n") is cat(3, "n\n"); its NULL is invisible
3 |> cat("n\n")
