class AppModule {}
module.exports = { AppModule };
