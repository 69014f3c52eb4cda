from lib import parse

HEADERS = {"Access-Control-Allow-Origin": "*"}


def load(item_id):
    return {"id": item_id}


def raises(event, context):
    body = parse(event["body"])
    if body.get("bad"):
        raise ValueError("bad")
    try:
        load(body.get("id"))
    except KeyError as err:
        if str(err) == "x":
            raise
        return {"statusCode": 404, "headers": HEADERS, "body": ""}
    finally:
        print("done")
    return {"statusCode": 200, "headers": HEADERS, "body": ""}


def values(event, context):
    body = event["body"]
    if body == "a":
        return "text"
    if body == "c":
        return {"message": "hi"}
    if body == "d":
        return [1, 2]
    if body == "e":
        return
    if body == "f":
        return {"headers": HEADERS, "body": "no status"}
    if body:
        return {"statusCode": 200, "headers": HEADERS, "body": body}


def caught(event, context):
    try:
        parse(event["body"])
    except TypeError:
        return {"statusCode": 400, "headers": HEADERS, "body": ""}
    return {"statusCode": 200, "headers": HEADERS, "body": ""}
