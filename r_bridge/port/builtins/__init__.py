"""Built-in functions the registry (registry.CALLS) translates, by job: values and vectors
(`values`), the apply family and purrr (`apply`), dates and times (`dates`), the system (`system`)."""
