"""Makes src/test/resources/torch/*.pt with Debian's python3-torch (documentation; tests do not run it).

Run from the module folder: /usr/bin/python3 src/test/python/make_torch_fixtures.py
"""
import collections
import io
import os
import pickle
import zipfile

import torch

out = "src/test/resources/torch"
base = torch.arange(12, dtype=torch.float64).reshape(3, 4)

# Every storage type, a transposed view (strides (1, 4)) and a slice with a storage offset.
sd = collections.OrderedDict()
sd["f32"] = base.float()
sd["f64"] = base.clone()
sd["f16"] = base.half()
sd["i64"] = base.long()
sd["i32"] = base.int()
sd["i16"] = base.short()
sd["i8"] = base.char()
sd["u8"] = base.byte()
sd["bool"] = base.long() % 2 == 1
sd["transposed"] = base.float().t()          # shape (4, 3), non-contiguous
sd["offset_slice"] = base.float()[1:, 2:]    # storage offset 6, strides (4, 1)
sd["empty"] = torch.empty(0)
torch.save(sd, f"{out}/all_types.pt")

# A state dict without _metadata (a plain OrderedDict saved directly) and a nested folder name.
plain = collections.OrderedDict(weight=torch.ones(2, 2), bias=torch.zeros(2))
buf = io.BytesIO()
torch.save(plain, buf)
with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z_in, zipfile.ZipFile(f"{out}/no_metadata_prefix.pt", "w") as z_out:
    for info in z_in.infolist():
        name = "my_model_v2/" + info.filename.split("/", 1)[1]
        z_out.writestr(name, z_in.read(info.filename), compress_type=zipfile.ZIP_STORED)


# A 'cuda:0' location written by hand (no GPU here): the same pickle torch writes, location changed.
t = torch.arange(4, dtype=torch.float32)
buf = io.BytesIO()
torch.save(collections.OrderedDict(w=t), buf)
with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z_in, zipfile.ZipFile(f"{out}/cuda_location.pt", "w") as z_out:
    for info in z_in.infolist():
        data = z_in.read(info.filename)
        if info.filename.endswith("data.pkl"):
            data = data.replace(b"X\x03\x00\x00\x00cpu", b"X\x06\x00\x00\x00cuda:0")
        z_out.writestr(info.filename, data, compress_type=zipfile.ZIP_STORED)


# A pickle that names os.system: must be refused, never executed.
class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


with zipfile.ZipFile(f"{out}/evil.pt", "w") as z:
    z.writestr("archive/data.pkl", pickle.dumps(collections.OrderedDict(x=Evil()), protocol=2))
    z.writestr("archive/version", "3\n")

# Truncated copy of a good file.
data = open(f"{out}/all_types.pt", "rb").read()
open(f"{out}/truncated.pt", "wb").write(data[: len(data) // 2])

# A storage type we do not read (bfloat16): must be a clear error naming it.
torch.save(collections.OrderedDict(x=torch.zeros(2, dtype=torch.bfloat16)), f"{out}/bfloat16.pt")
