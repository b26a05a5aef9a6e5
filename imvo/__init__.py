"""imvo: the platform that runs an IMVO sector agreement."""
