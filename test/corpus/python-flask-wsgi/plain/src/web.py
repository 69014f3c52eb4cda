from flask import Flask, make_response

application = Flask(__name__)


@application.route("/ping")
def ping():
    response = make_response("pong")
    response.headers["Content-Type"] = "text/plain"
    return response


@application.errorhandler(404)
def not_found(error):
    return {"error": "not found"}, 404
