"""The statute as data and pure functions. No Django imports anywhere in this package."""
