import { FilePdfOutlined } from '@ant-design/icons';
import { Image, Space } from 'antd';
import { useEffect, useState } from 'react';
import { attachmentUrl } from '../api/client';

/** Previews of attachments fetched with the session token: thumbnails for images, a link for PDFs. */
export function AttachmentPreviews({ ids }: { ids: string[] }) {
  return (
    <Space wrap>
      {ids.map((id) => (
        <Preview key={id} id={id} />
      ))}
    </Space>
  );
}

function Preview({ id }: { id: string }) {
  const [file, setFile] = useState<{ url: string; type: string } | null>(null);
  useEffect(() => {
    let url: string | null = null;
    attachmentUrl(id)
      .then((f) => {
        url = f.url;
        setFile(f);
      })
      .catch(() => setFile(null));
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [id]);
  if (!file) return <span style={{ display: 'inline-block', width: 72, height: 72, background: '#f0f0f0' }} aria-hidden />;
  if (file.type.startsWith('image/'))
    return (
      <Image
        src={file.url}
        width={72}
        height={72}
        style={{ objectFit: 'cover' }}
        alt={`attachment ${id.slice(0, 8)}`}
        data-testid="attachment-image"
      />
    );
  return (
    <a href={file.url} target="_blank" rel="noreferrer">
      <FilePdfOutlined /> PDF
    </a>
  );
}
