import json

H = {"Access-Control-Allow-Origin": "https://app.example.com"}


# Returns a 401 response, or the caller's identity (not a response).
def authenticate(event):
    if not event["headers"].get("authorization"):
        return {"statusCode": 401, "headers": H, "body": "unauthorized"}
    return {"userId": "u-1"}


def get_user(event, context):
    user = authenticate(event)
    if user.get("statusCode"):
        return user
    return {"statusCode": 200, "headers": H, "body": json.dumps(user)}
