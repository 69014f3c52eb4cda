import json

from .lib.http import ALLOWED_ORIGINS, CORS_HEADERS, error, ok


def get_order(event, context):
    order_id = (event.get("pathParameters") or {}).get("id")
    if not order_id:
        return error(400, "missing id")
    try:
        order = load(order_id)
    except KeyError:
        return {"statusCode": 404, "body": json.dumps({"message": "not found"})}
    response = ok(order)
    response["headers"]["Cache-Control"] = "no-store"
    return response


def echo(event, context):
    origin = event["headers"].get("origin", "")
    headers = {**CORS_HEADERS, "Vary": "Origin"}
    if origin in ALLOWED_ORIGINS:
        headers["Access-Control-Allow-Origin"] = origin
    return {"statusCode": 200, "headers": headers, "body": event.get("body")}


def load(order_id):
    raise KeyError(order_id)
