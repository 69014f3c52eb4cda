import json

ALLOWED_ORIGINS = ["https://shop.example.com", "https://www.shop.example.com"]
CORS_HEADERS = {"Access-Control-Allow-Origin": ALLOWED_ORIGINS[0]}


def ok(body):
    return {"statusCode": 200, "headers": {**CORS_HEADERS, "Content-Type": "application/json"}, "body": json.dumps(body)}


def error(status, message):
    return {"statusCode": status, "headers": dict(CORS_HEADERS), "body": json.dumps({"message": message})}
