import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageHeading, usePageTitle } from '../components/common';

/** A short page with a heading, one paragraph and a link back to the start page. */
function MessagePage({ title, text }: { title: string; text: string }) {
  const { t } = useTranslation();
  usePageTitle(title);
  return (
    <div className="page page-narrow">
      <PageHeading>{title}</PageHeading>
      <p>{text}</p>
      <p>
        <Link to="/">{t('notFound.back')}</Link>
      </p>
    </div>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return <MessagePage title={t('forbidden.title')} text={t('forbidden.text')} />;
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return <MessagePage title={t('notFound.title')} text={t('notFound.text')} />;
}
