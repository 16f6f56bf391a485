from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "zhicheng.organizations"
    label = "organizations"
    verbose_name = "组织机构"
