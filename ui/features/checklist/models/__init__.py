"""Item models of the 测评检查表: layers and units, test objects, 测评实施, evidence, the object matrix."""
