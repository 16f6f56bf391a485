from .models import Message


def inbox_for(user):
    return Message.objects.filter(recipient=user, channel=Message.Channel.INAPP)


def unread_count(user) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()


def get_message_for_reader(*, user, pk: int) -> Message:
    return inbox_for(user).get(pk=pk)
