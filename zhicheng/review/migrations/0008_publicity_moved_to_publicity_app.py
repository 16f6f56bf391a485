from django.db import migrations

# The rows were carried into the one 公示 module first (publicity 0002); the tables go, dependants first.


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0007_chinese_labels"),
        ("publicity", "0002_carry_over_the_three_stacks"),
    ]

    operations = [
        migrations.DeleteModel(name="Objection"),
        migrations.DeleteModel(name="PublicityEntry"),
        migrations.DeleteModel(name="Publicity"),
        migrations.DeleteModel(name="InternalPublicity"),
    ]
