"""Secret ballots: receipts only their voter can check, no history, no link at close.

Existing data. A receipt used to be an HMAC of proposal and company under SECRET_KEY
(whose default is public), so anyone holding the key could name the company behind a
published receipt. Such receipts cannot be turned into voter-held ones, so:
- the history of secret ballots (receipt, choice, hour) is deleted;
- on a proposal still open, the old receipt becomes the seal (it is the same keyed
  hash), so a company can still change its ballot and gets a real receipt when it
  does; its receipt hash is random meanwhile;
- on any other proposal the old receipt is replaced by a random one: the published
  choices stay and still add up to the decision, but no key links them to a company.
"""

import hashlib
import secrets

from django.db import migrations, models


def _random_hash() -> str:
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()


def forget_secret_links(apps, schema_editor):
    BallotRevision = apps.get_model("governance", "BallotRevision")
    SecretChoice = apps.get_model("governance", "SecretChoice")
    BallotRevision.objects.exclude(receipt="").delete()
    for row in SecretChoice.objects.select_related("proposal"):
        row.seal = row.receipt_hash if row.proposal.state == "open" else ""
        row.receipt_hash = _random_hash()
        row.save(update_fields=["seal", "receipt_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0005_assembly_requests"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="secretchoice", name="secret_choice_once_per_receipt"
        ),
        migrations.RenameField(
            model_name="secretchoice", old_name="receipt", new_name="receipt_hash"
        ),
        migrations.AlterField(
            model_name="secretchoice",
            name="receipt_hash",
            field=models.CharField(max_length=64),
        ),
        migrations.AddField(
            model_name="secretchoice",
            name="seal",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(forget_secret_links, migrations.RunPython.noop),
        migrations.RemoveField(model_name="ballotrevision", name="receipt"),
        migrations.AddConstraint(
            model_name="secretchoice",
            constraint=models.UniqueConstraint(
                fields=("proposal", "receipt_hash"),
                name="secret_choice_once_per_receipt",
            ),
        ),
        migrations.AddConstraint(
            model_name="secretchoice",
            constraint=models.UniqueConstraint(
                condition=models.Q(("seal", ""), _negated=True),
                fields=("proposal", "seal"),
                name="secret_choice_once_per_company",
            ),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="secret_ballot",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Nobody sees who voted or how until the close; then turnout and "
                    "the choices by receipt are published, never linked to companies."
                ),
                verbose_name="secret ballot",
            ),
        ),
    ]
