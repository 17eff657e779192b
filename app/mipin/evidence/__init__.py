"""Evidence files and the certificates parsed from them."""
