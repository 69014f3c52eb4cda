from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

app = APIGatewayHttpResolver()


@app.get("/public")
def public():
    return {"message": "hello"}


def lambda_handler(event, context):
    return app.resolve(event, context)
