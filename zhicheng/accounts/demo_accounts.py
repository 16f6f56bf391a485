"""The demo's accounts, shown on the login page in demo mode (and in the README): one account per role.
Created by `zhicheng.demo` (the top floor); kept here so that the login page need not import upwards."""

DEMO_PASSWORD = "Demo@2026"
DEMO_ACCOUNTS = [
    ("申报人", "13800000001"),
    ("用人单位经办人（温州精工机械有限公司）", "13800000002"),
    ("主管部门（鹿城区人力社保局）", "13800000003"),
    ("主管部门（温州市人力社保局）", "13800000007"),
    ("评委会办公室（温州市机械工程专业中初级评委会）", "13800000004"),
    ("评审专家", "13800000005"),
    ("人社局审批", "13800000006"),
    ("平台管理员", "admin"),
]
