# native pipes chain left to right
c("b", "a") |> toupper() |> paste(collapse = "+") |> print()
