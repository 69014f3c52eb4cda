import functools
import json

from common.responses import error_response

CORS = {"Access-Control-Allow-Origin": "*"}


def http_handler(fn):
    @functools.wraps(fn)
    def wrapper(event, context):
        return {"statusCode": 200, "headers": CORS, "body": json.dumps(fn(event, context))}

    return wrapper


def bare_handler(fn):
    @functools.wraps(fn)
    def wrapper(event, context):
        result = fn(event, context)
        return {"statusCode": 200, "body": json.dumps(result)}

    return wrapper


def handle_exceptions(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValueError as err:
            return error_response(400, str(err))
        except Exception:
            return {"statusCode": 500, "body": "internal error"}

    return wrapper


def audit_log(level):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(event, context):
            print(level, event.get("path"))
            return fn(event, context)

        return wrapper

    return decorate


def registry(fn):
    return HANDLERS.setdefault(fn.__name__, fn)


HANDLERS = {}
