# expect: denied-attribute
def restore(storage_module, payload):
    return storage_module._load_from_bytes(payload)
