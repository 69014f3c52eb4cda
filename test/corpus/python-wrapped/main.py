from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from mangum import Mangum

from audit import audit_log

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])


@app.get("/items")
def items():
    return []


handler = Mangum(app)


@audit_log(level="info")
def audited(event, context):
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}}
