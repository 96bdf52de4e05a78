"""The ground floor: where things are written, diagnostics, the contract's words, counting
policies and periods. Imports nothing else of the package."""
