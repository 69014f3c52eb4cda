from fastapi import FastAPI
from mangum import Mangum
from partner_sdk.middleware import PartnerAuth

app = FastAPI()
app.add_middleware(PartnerAuth)


@app.get("/status")
def status():
    return {"ok": True}


handler = Mangum(app)
