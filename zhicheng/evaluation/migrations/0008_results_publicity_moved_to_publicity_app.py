from django.db import migrations

# The rows were carried into the one 公示 module first (publicity 0002); the tables go, dependants first.


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0007_delete_case_history"),
        ("publicity", "0002_carry_over_the_three_stacks"),
    ]

    operations = [
        migrations.DeleteModel(name="ResultObjection"),
        migrations.DeleteModel(name="ResultEntry"),
        migrations.DeleteModel(name="ResultPublicity"),
    ]
