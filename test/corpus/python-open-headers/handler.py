import os

from shared_http import with_cors

STAGE = os.environ.get("STAGE", "dev")


def report(event, context):
    if STAGE == "dev":
        return {
            "statusCode": 200,
            "multiValueHeaders": {"Access-Control-Allow-Origin": ["*"]},
            "body": "dev report",
        }
    response = {"statusCode": 200, "headers": {"Content-Type": "text/csv"}, "body": "a,b"}
    with_cors(response)
    return response
