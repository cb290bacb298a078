def main(event, context):
    return {"message": "hello from the current version"}
