"""Stand-in for boto3.client("s3").get_object over the stand-in's S3 folder."""

import io
import os

import glue_world


class _S3:
    def get_object(self, Bucket, Key):  # noqa: N803 (boto3's names)
        with open(glue_world.WORLD.path(f"s3://{Bucket}/{Key}"), "rb") as f:
            return {"Body": io.BytesIO(f.read())}

    def put_object(self, Bucket, Key, Body):  # noqa: N803
        path = glue_world.WORLD.path(f"s3://{Bucket}/{Key}")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(Body)
        glue_world.WORLD.events.append(("put_object", f"s3://{Bucket}/{Key}"))
        return {}


def client(service, **kwargs):
    if service != "s3":
        raise NotImplementedError(f"stand-in boto3 has no {service} client")
    return _S3()
