import functools


def audit_log(level):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(event, context):
            print(level, event)
            return fn(event, context)

        return wrapper

    return decorate
