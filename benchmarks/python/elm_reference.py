"""A PyTorch ELM written from docs/model.md (v1 and v2), for side-by-side checks.

Used by hand and by the comparison scripts: it loads our `.pt` files with
`load_state_dict(strict=True)`, reproduces the goldens, and gives the PyTorch baseline
for speed figures. Needs Debian's python3-torch; the Java test suite never runs it.
"""
import json
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class MLP(nn.Module):
    def __init__(self, d_in, h, d_out, layers, activation):
        super().__init__()
        act = nn.ReLU if activation == "relu" else nn.SiLU
        mods = []
        for i in range(layers):
            mods += [nn.Linear(d_in if i == 0 else h, h), act()]
        mods.append(nn.Linear(h, d_out))
        self.network = nn.Sequential(*mods)

    def forward(self, x):
        return self.network(x)


def neuronio_routing(num_input, num_branch, k):
    interlace = [(j % 2) * (num_input // 2) + j // 2 for j in range(num_input)]
    window = math.ceil(num_input / num_branch)
    idx, valid = [], []
    for w in range(num_branch):
        for e in range(k):
            p = w * window + e
            valid.append(p < num_input)
            idx.append(interlace[min(p, num_input - 1)])
    return torch.tensor(idx, dtype=torch.int64), torch.tensor(valid, dtype=torch.bool)


class ELM(nn.Module):
    def __init__(self, num_input, num_output, num_memory=100, lambda_value=5.0, mlp_num_layers=1,
                 mlp_hidden_size=None, mlp_activation="relu", tau_s_value=None, tau_b_value=None,
                 memory_tau_min=1.0, memory_tau_max=1000.0, learn_memory_tau=False, w_s_value=0.5,
                 num_branch=None, num_synapse_per_branch=1, input_to_synapse_routing=None, delta_t=1.0):
        super().__init__()
        self.v2 = tau_b_value is not None
        self.d_in, self.d_o, self.d_m = num_input, num_output, num_memory
        self.d_b = num_input if num_branch is None else num_branch
        self.k = num_synapse_per_branch
        self.d_s = self.d_b * self.k
        self.lam = lambda_value
        self.dt = delta_t
        self.tau_min = memory_tau_min
        self.tau_max = max(memory_tau_min + 3e-6, memory_tau_max) if self.v2 else memory_tau_max
        h = 2 * num_memory if mlp_hidden_size is None else mlp_hidden_size
        self._proto_w_s = nn.Parameter(torch.full((self.d_s,), float(w_s_value)))
        if self.v2:
            self.tau_b = nn.Parameter(torch.full((self.d_b,), float(tau_b_value)), requires_grad=False)
        else:
            self.tau_s = nn.Parameter(torch.full((self.d_s,), float(5.0 if tau_s_value is None else tau_s_value)),
                                      requires_grad=False)
        taus = torch.logspace(math.log10(self.tau_min + 1e-6), math.log10(self.tau_max - 1e-6), num_memory)
        self._proto_tau_m = nn.Parameter(torch.log((taus - self.tau_min) / (self.tau_max - taus)),
                                         requires_grad=learn_memory_tau)
        self.routing = input_to_synapse_routing
        if input_to_synapse_routing == "neuronio_routing":
            idx, valid = neuronio_routing(num_input, self.d_b, self.k)
        elif input_to_synapse_routing == "random_routing":
            idx = torch.randint(0, num_input, (self.d_s,))
            valid = torch.ones(self.d_s, dtype=torch.bool)
        else:
            idx, valid = torch.empty(0), torch.empty(0)
        self.register_buffer("input_to_synapse_indices", idx)
        self.register_buffer("valid_indices_mask", valid)
        self.mlp = MLP(self.d_b + num_memory, h, num_memory, mlp_num_layers, mlp_activation)
        self.w_y = nn.Linear(num_memory, num_output)

    @property
    def tau_m(self):
        return (self.tau_max - self.tau_min) * torch.sigmoid(self._proto_tau_m) + self.tau_min

    def route(self, x):
        if self.input_to_synapse_indices.numel() == 0:
            return x
        u = x[..., self.input_to_synapse_indices.long()]
        return u * self.valid_indices_mask.to(x.dtype)

    def forward(self, x):
        B, T, _ = x.shape
        w_s = F.relu(self._proto_w_s)
        tau_m = self.tau_m
        kappa_m = torch.exp(-self.dt / torch.clamp(tau_m, min=1e-6))
        if self.v2:
            kappa_b = torch.exp(-self.dt / torch.clamp(self.tau_b, min=1e-6))
            kappa_l = torch.exp(-self.dt * self.lam / torch.clamp(tau_m, min=1e-6))
            trace = x.new_zeros(B, self.d_b)
        else:
            kappa_s = torch.exp(-self.dt / torch.clamp(self.tau_s, min=1e-6))
            trace = x.new_zeros(B, self.d_s)
        m = x.new_zeros(B, self.d_m)
        ys = []
        for t in range(T):
            u = self.route(x[:, t]) * w_s
            if self.v2:
                trace = kappa_b * trace + u.view(B, self.d_b, self.k).sum(-1)
                b = trace
            else:
                trace = kappa_s * trace + u
                b = trace.view(B, self.d_b, self.k).sum(-1)
            dm = 1.7159 * torch.tanh((2.0 / 3.0) * self.mlp(torch.cat([b, kappa_m * m], -1)))
            if self.v2:
                m = kappa_m * m + (1 - kappa_l) * dm
            else:
                m = kappa_m * m + self.lam * (1 - kappa_m) * dm
            ys.append(self.w_y(m))
        return torch.stack(ys, 1)


def load(model_dir_or_config, state_path=None):
    """An ELM from model_config.json (+ a state dict, loaded strictly)."""
    import glob
    import os
    if state_path is None:
        d = model_dir_or_config
        cfg = json.load(open(os.path.join(d, "model_config.json")))
        pts = glob.glob(os.path.join(d, "*.pt"))
        state_path = pts[0]
    else:
        cfg = json.load(open(model_dir_or_config))
    model = ELM(**cfg)
    model.load_state_dict(torch.load(state_path, map_location="cpu"), strict=True)
    return model


def neuronio_loss(y, spike, soma):
    return 0.5 * F.binary_cross_entropy_with_logits(y[..., 0], spike) + 0.5 * F.mse_loss(y[..., 1], soma)
