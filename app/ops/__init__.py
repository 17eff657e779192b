"""The operations domain: fault tickets of an operations contract and their SLA clocks."""
