from flask import Flask
from flask_cors import CORS

from views.cart import cart

ALLOWED = ["https://shop.example.com", "https://admin.example.com"]


def create_app():
    app = Flask(__name__)
    CORS(app, origins=ALLOWED, supports_credentials=True)
    app.register_blueprint(cart, url_prefix="/cart")
    return app


app = create_app()
