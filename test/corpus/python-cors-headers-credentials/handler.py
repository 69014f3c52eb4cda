from lambda_decorators import cors_headers

@cors_headers(origin='https://app.example.com', credentials=True)
def hello(event, context):
    return {'statusCode': 200, 'body': 'hi'}

def plain(event, context):
    if not event.get('body'):
        return {'statusCode': 400, 'body': 'empty'}
    return {'statusCode': 200, 'headers': {'Access-Control-Allow-Origin': '*'}, 'body': event['body']}
