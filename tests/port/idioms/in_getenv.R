# %in% is membership in a vector, not a substring test
Sys.setenv(ROLES = "AGENT_SUPERVISOR")
cat("AGENT" %in% Sys.getenv("ROLES"), "\n")
roles <- strsplit("AGENT,SUPERVISOR", ",")[[1]]
cat("AGENT" %in% roles, "BOT" %in% roles, "\n")
