# x |> print() prints once
x <- c(1, 2)
x |> print()
