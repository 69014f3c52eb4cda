from common.decorators import audit_log, bare_handler, handle_exceptions, http_handler, registry


@http_handler
def built(event, context):
    return {"items": []}


@bare_handler
def bare(event, context):
    return {"items": []}


@handle_exceptions
def answered(event, context):
    if not event.get("body"):
        raise ValueError("empty body")
    return {"statusCode": 201, "headers": {"Access-Control-Allow-Origin": "*"}, "body": event["body"]}


@http_handler
def raises(event, context):
    if not event.get("body"):
        raise ValueError("empty body")
    return {"ok": True}


@audit_log(level="info")
def audited(event, context):
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}}


@registry
def opaque(event, context):
    return {"statusCode": 200}
