import json


def parse(body):
    if not body:
        raise TypeError("empty body")
    return json.loads(body)
