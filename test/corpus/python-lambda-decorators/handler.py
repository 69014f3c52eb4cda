# handler.py

from lambda_decorators import cors_headers, json_http_resp, load_json_body


@cors_headers
def hello(event, context):
    return {
        'statusCode': 200,
        'body': "Hello, world!"
    }


# load_json_body sits outside cors_headers: its 400 for a bad body has no CORS headers.
@load_json_body
@cors_headers(origin='https://app.example.com', credentials=True)
@json_http_resp
def profile(event, context):
    return {'name': event['body']['name']}
