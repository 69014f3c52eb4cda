import json


def error_response(status, message):
    return {"statusCode": status, "headers": {"Access-Control-Allow-Origin": "*"}, "body": json.dumps({"message": message})}
