// natrecon-bench: release-only benchmark (issue 2/5). Filled in with the reader.
print("natrecon-bench: not yet")
