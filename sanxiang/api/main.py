from ninja import NinjaAPI

api = NinjaAPI(title="三项 Sanxiang API", version="1", urls_namespace="api")
